/* Issues register: the "split at the chosen point" button takes the caret position. */
(function () {
  "use strict";
  document.querySelectorAll("li.proposal").forEach(function (item) {
    var text = item.querySelector("textarea.proposal-text");
    var pos = item.querySelector("input.caret-pos");
    var button = item.querySelector("button.split-at");
    if (!text || !pos || !button) { return; }
    var remember = function () { pos.value = String(text.selectionStart || ""); };
    ["keyup", "mouseup", "select", "blur"].forEach(function (ev) { text.addEventListener(ev, remember); });
    button.addEventListener("click", remember);
  });
})();
