/* phapquy: small progressive enhancements; every page works without this file. */
(function () {
  "use strict";
  function copyText(text, button) {
    var done = function () {
      var old = button.textContent;
      button.textContent = "Đã sao chép";
      button.classList.add("done");
      setTimeout(function () { button.textContent = old; button.classList.remove("done"); }, 2000);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { fallback(text) && done(); });
    } else if (fallback(text)) {
      done();
    }
  }
  function fallback(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    return ok;
  }
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source) { return; }
    button.hidden = false;
    button.addEventListener("click", function () { copyText(source.textContent.trim(), button); });
  });
  // On a phone the text comes first: the sidebar and the filters fold behind one tap.
  if (window.matchMedia && window.matchMedia("(max-width: 800px)").matches) {
    document.querySelectorAll("details.side-toggle, details.filters").forEach(function (d) {
      d.open = false;
    });
  }
  var target = document.querySelector(".provision-view .target");
  if (target && !location.hash) { target.scrollIntoView({ block: "center" }); }
})();
