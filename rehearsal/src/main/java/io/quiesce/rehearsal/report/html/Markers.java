package io.quiesce.rehearsal.report.html;

import static io.quiesce.rehearsal.report.html.Html.n;

/** A shape per kind of loss, so that kinds differ without their colour too (the legend shows the same shapes). */
final class Markers {

    private Markers() {}

    /** {@code kind}'s shape centred on (x, y), radius {@code r}; its CSS class gives the colour. */
    static String shape(String kind, double x, double y, double r) {
        String css = "class=\"shape k-" + css(kind) + "\"";
        return switch (kind) {
            case "refused" ->
                "<polygon " + css + " points=\"" + n(x) + "," + n(y - r) + " " + n(x + r) + "," + n(y + r) + " "
                        + n(x - r) + "," + n(y + r) + "\"/>";
            case "reset" ->
                "<path " + css + " d=\"M" + n(x - r) + " " + n(y - r) + "L" + n(x + r) + " " + n(y + r) + "M" + n(x + r)
                        + " " + n(y - r) + "L" + n(x - r) + " " + n(y + r) + "\"/>";
            case "eof" ->
                "<polygon " + css + " points=\"" + n(x) + "," + n(y - r) + " " + n(x + r) + "," + n(y) + " " + n(x)
                        + "," + n(y + r) + " " + n(x - r) + "," + n(y) + "\"/>";
            case "timeout" ->
                "<rect " + css + " x=\"" + n(x - r * 0.8) + "\" y=\"" + n(y - r * 0.8) + "\" width=\"" + n(r * 1.6)
                        + "\" height=\"" + n(r * 1.6) + "\"/>";
            case "non-2xx" -> "<circle " + css + " cx=\"" + n(x) + "\" cy=\"" + n(y) + "\" r=\"" + n(r * 0.85) + "\"/>";
            case "fire missed" ->
                "<polygon " + css + " points=\"" + n(x - r) + "," + n(y - r) + " " + n(x + r) + "," + n(y - r) + " "
                        + n(x) + "," + n(y + r) + "\"/>";
            case "fire doubled" ->
                "<circle " + css + " cx=\"" + n(x - r * 0.45) + "\" cy=\"" + n(y) + "\" r=\""
                        + n(r * 0.6) + "\"/><circle " + css + " cx=\"" + n(x + r * 0.45) + "\" cy=\"" + n(y) + "\" r=\""
                        + n(r * 0.6) + "\"/>";
            default ->
                "<path " + css + " d=\"M" + n(x - r) + " " + n(y) + "H" + n(x + r) + "M" + n(x) + " " + n(y - r) + "V"
                        + n(y + r) + "\"/>";
        };
    }

    /** A kind as a CSS class name: {@code non-2xx} stays, {@code fire missed} becomes {@code fire-missed}. */
    static String css(String kind) {
        return kind.replace(' ', '-');
    }

    /** A small legend swatch of the shape. */
    static String swatch(String kind) {
        return "<svg class=\"swatch\" viewBox=\"0 0 16 16\" width=\"16\" height=\"16\" aria-hidden=\"true\">"
                + shape(kind, 8, 8, 6) + "</svg>";
    }
}
