package io.quiesce.devservices.jwt;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

final class Pem {

    private Pem() {}

    static String encode(String type, byte[] der) {
        Base64.Encoder body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        return "-----BEGIN " + type + "-----\n" + body.encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    static byte[] decode(String type, String pem) {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int from = pem.indexOf(begin);
        int to = from < 0 ? -1 : pem.indexOf(end, from);
        if (to < 0) {
            throw new IllegalArgumentException("no " + begin + " ... " + end + " block");
        }
        return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
    }
}
