/* The storefront's behaviours, without jQuery or Bootstrap's script: what Oscar's ui.js did on
   the pages shoppers see (basket, checkout gateway, search, account), by event delegation.
   Loaded with defer, so the document is parsed when it runs. */
(function () {
  "use strict";
  var doc = document;

  function on(type, selector, handler) {
    doc.addEventListener(type, function (event) {
      var target = event.target.closest && event.target.closest(selector);
      if (target) handler(event, target);
    });
  }

  // Basket: "Remove", "Save for later" and "Move to basket" tick the line's hidden field of the
  // formset and submit it (once).
  var basketSubmitted = false;
  function tickAndSubmit(event, link, prefix, field) {
    event.preventDefault();
    if (basketSubmitted) return;
    var input = doc.getElementById("id_" + prefix + "-" + link.getAttribute("data-id") + "-" + field);
    var form = link.closest("form");
    if (!input || !form) return;
    input.checked = true;
    basketSubmitted = true;
    form.submit();
  }
  on("click", '#basket_formset a[data-behaviours~="remove"]', function (e, a) { tickAndSubmit(e, a, "form", "DELETE"); });
  on("click", '#basket_formset a[data-behaviours~="save"]', function (e, a) { tickAndSubmit(e, a, "form", "save_for_later"); });
  on("click", '#saved_basket_formset a[data-behaviours~="move"]', function (e, a) { tickAndSubmit(e, a, "saved", "move_to_basket"); });
  on("click", '#saved_basket_formset a[data-behaviours~="remove"]', function (e, a) { tickAndSubmit(e, a, "saved", "DELETE"); });

  // Basket: the voucher form opens from its link (or #voucher) and closes on "cancel".
  function showVoucher(show) {
    var container = doc.getElementById("voucher_form_container");
    var link = doc.getElementById("voucher_form_link");
    if (!container || !link) return;
    container.style.display = show ? "" : "none";
    link.style.display = show ? "none" : "";
    var code = doc.getElementById("id_code");
    if (show && code) code.focus();
  }
  on("click", "#voucher_form_link a", function (e) { e.preventDefault(); showVoucher(true); });
  on("click", "#voucher_form_cancel", function (e) { e.preventDefault(); showVoucher(false); });
  if (window.location.hash === "#voucher") showVoucher(true);

  // Messages: the close link of an alert removes it.
  on("click", '[data-dismiss="alert"]', function (e, close) {
    e.preventDefault();
    var alert = close.closest(".alert");
    if (alert) alert.remove();
  });

  // Forms: a form marked "lock" is sent once; a button with data-loading-text says so and is
  // disabled once its (valid) form is on its way.
  on("submit", 'form[data-behaviours~="lock"]', function (e, form) {
    if (form.dataset.locked) e.preventDefault();
    form.dataset.locked = "1";
  });
  on("click", "[data-loading-text]", function (e, button) {
    var form = button.closest("form");
    if (form && form.querySelector(":invalid")) return;
    setTimeout(function () {
      if (button.tagName === "INPUT") button.value = button.getAttribute("data-loading-text");
      else button.textContent = button.getAttribute("data-loading-text");
      button.classList.add("disabled");
      button.disabled = true;
    });
  });

  // Search: a new sort order or a ticked facet reloads the results.
  on("change", "#id_sort_by", function (e, select) { select.form.submit(); });
  on("change", ".facet_checkbox", function (e, box) {
    var url = box.parentNode.querySelector(".facet_url");
    if (url) window.location.href = url.value;
  });

  // Checkout gateway: no password for a guest or a new customer.
  function gatewayPassword() {
    var chosen = doc.querySelector("form input[name=options]:checked");
    var password = doc.getElementById("id_password");
    if (chosen && password) password.disabled = chosen.value === "anonymous" || chosen.value === "new";
  }
  on("change", "form input[name=options]", gatewayPassword);
  gatewayPassword();

  // Account: notifications' archive and delete links; a wish list's link copied.
  on("click", 'a[data-behaviours~="archive"], a[data-behaviours~="delete"]', function (e, link) {
    e.preventDefault();
    var row = link.closest("tr");
    var box = row && row.querySelector("input");
    var action = link.getAttribute("data-behaviours").indexOf("archive") >= 0 ? "archive" : "delete";
    var button = link.closest("form").querySelector('button[value="' + action + '"]');
    if (box) box.checked = true;
    if (button) button.click();
  });
  on("click", ".clipboard-item", function (e, link) {
    e.preventDefault();
    if (navigator.clipboard) navigator.clipboard.writeText(window.location.origin + link.getAttribute("href"));
  });

  // Account: an e-mail's HTML shown in its frame, apart from the page's styles.
  var preview = doc.getElementById("preview_box");
  if (preview && preview.contentWindow) {
    var frame = preview.contentWindow.document;
    frame.open();
    frame.write(preview.textContent);
    frame.close();
  }
})();
