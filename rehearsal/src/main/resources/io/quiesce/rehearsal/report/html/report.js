// The second under the pointer, read out below the chart; the body is marked when the script ran to its end.
(function () {
  "use strict";
  var svg = document.getElementById("timeline");
  var data = JSON.parse(document.getElementById("bins").textContent);
  var readout = document.getElementById("readout");
  if (svg) {
    var cursor = document.getElementById("cursor");
    var left = Number(svg.dataset.left);
    var plot = Number(svg.dataset.plot);
    var endMs = Number(svg.dataset.endMs);
    var bySecond = {};
    data.bins.forEach(function (bin) { bySecond[bin[0]] = bin; });
    svg.addEventListener("mousemove", function (event) {
      var point = svg.createSVGPoint();
      point.x = event.clientX;
      point.y = event.clientY;
      var p = point.matrixTransform(svg.getScreenCTM().inverse());
      if (p.x < left || p.x > left + plot) {
        cursor.setAttribute("visibility", "hidden");
        return;
      }
      var second = Math.floor((p.x - left) / plot * endMs / 1000);
      cursor.setAttribute("x1", p.x);
      cursor.setAttribute("x2", p.x);
      cursor.setAttribute("visibility", "visible");
      var bin = bySecond[second];
      if (!bin) {
        readout.textContent = second + " s: no request completed";
        return;
      }
      var parts = [];
      data.outcomes.forEach(function (outcome, i) {
        if (bin[i + 1] > 0) { parts.push(outcome + " " + bin[i + 1]); }
      });
      var n = data.outcomes.length;
      readout.textContent = second + " s: " + parts.join(", ") + "; latency p50 " + bin[n + 1] + " ms, p99 "
        + bin[n + 2] + " ms";
    });
  }
  document.body.setAttribute("data-rendered", "ok");
})();
