/* Forms that submit themselves when a control changes (e.g. the sort order of a listing):
   <select data-submit-on-change>. Kept out of the templates for the Content-Security-Policy. */
document.addEventListener("change", function (e) {
  if (e.target.matches("[data-submit-on-change]") && e.target.form) e.target.form.submit();
});
