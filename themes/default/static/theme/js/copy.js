/* Copy buttons: <button data-copy="text" data-copied="Copied" hidden>. The buttons stay hidden
   without JavaScript (the values are on the page to select by hand). A status element with
   [data-copy-status] tells screen readers what was copied. No inline script (CSP). */
(function () {
  "use strict";

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return selectAndCopy(text); });
    }
    return selectAndCopy(text);
  }

  function selectAndCopy(text) {  // older browsers, or a clipboard the page may not write to
    return new Promise(function (resolve, reject) {
      var field = document.createElement("textarea");
      field.value = text;
      field.setAttribute("readonly", "");
      field.className = "copy-buffer";
      document.body.appendChild(field);
      field.select();
      try {
        document.execCommand("copy") ? resolve() : reject(new Error("copy refused"));
      } catch (e) {
        reject(e);
      } finally {
        document.body.removeChild(field);
      }
    });
  }

  document.querySelectorAll("[data-copy]").forEach(function (button) {
    button.hidden = false;
    var label = button.innerHTML;
    button.addEventListener("click", function () {
      var status = button.closest("section") && button.closest("section").querySelector("[data-copy-status]");
      copyText(button.dataset.copy).then(function () {
        button.textContent = button.dataset.copied;
        if (status) status.textContent = button.dataset.copied + ": " + button.dataset.copy;
        window.setTimeout(function () { button.innerHTML = label; }, 2000);
      }, function () {
        if (status) status.textContent = "";
      });
    });
  });
})();
