// Progressive enhancement only: every page works without JavaScript.
document.addEventListener("change", function (event) {
  // Select fields marked data-autosubmit submit their form (the language switcher, list filters).
  var el = event.target;
  if (el.matches && el.matches("[data-autosubmit]") && el.form && !el.form.hasAttribute("hx-get")) {
    el.form.requestSubmit();
  }
});
