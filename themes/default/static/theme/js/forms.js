/* Forms that submit themselves when a control changes (e.g. the sort order of a listing):
   <select data-submit-on-change>. Kept out of the templates for the Content-Security-Policy. */
document.addEventListener("change", function (e) {
  if (e.target.matches("[data-submit-on-change]") && e.target.form) e.target.form.submit();
});

/* A button that must send its form once (<button data-once>, e.g. "Place order"): after the first
   submission it is disabled and says so, so a double tap on a slow phone network sends one
   request. The server would refuse a second order anyway; this spares the shopper the wait. */
document.addEventListener("submit", function (e) {
  var button = e.target.querySelector("button[data-once]");
  if (!button) return;
  if (button.dataset.sent) { e.preventDefault(); return; }
  button.dataset.sent = "1";
  setTimeout(function () { button.disabled = true; button.setAttribute("aria-busy", "true"); }, 0);
});

/* The facet form: a district belongs to its province, so choosing another province forgets the
   district chosen before (without a script, the chosen filters list removes it). */
document.addEventListener("change", function (e) {
  if (!e.target.matches('.facets__form select[name="province"]')) return;
  var district = e.target.form.querySelector('select[name="district"]');
  if (district) district.value = "";
});
