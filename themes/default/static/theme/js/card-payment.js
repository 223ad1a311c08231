/* The card form (templates/payment/card.html): Stripe's Payment Element, mounted in our page and
   confirmed with Stripe.js (loaded from Stripe, or from a local stand-in in the tests). On success
   Stripe sends the shopper to the return URL, which only shows the payment's state: the order is
   marked paid by Stripe's signed webhook. Errors (a declined card…) are shown here, in Stripe's
   words, in the shopper's language. Configuration comes from the form's data- attributes. */
(function () {
  var form = document.getElementById("card-payment-form");
  if (!form) return;
  var data = form.dataset;
  var button = form.querySelector("button[type=submit]");
  var message = document.getElementById("card-payment-message");

  function show(text) {
    message.textContent = text;
    message.hidden = false;
  }

  if (typeof window.Stripe !== "function") {
    show(data.errorLoad);  // Stripe.js did not load: slow or unreachable network
    return;
  }
  var stripe = window.Stripe(data.publishableKey, { locale: data.locale });
  var elements = stripe.elements({ clientSecret: data.clientSecret, locale: data.locale });
  var payment = elements.create("payment", { layout: "tabs" });
  payment.on("ready", function () { button.disabled = false; });
  payment.on("loaderror", function () { show(data.errorLoad); });
  payment.mount("#card-payment-element");

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (button.disabled) return;  // already sending
    button.disabled = true;
    message.hidden = true;
    stripe.confirmPayment({ elements: elements, confirmParams: { return_url: data.returnUrl } }).then(function (result) {
      // Only reached when the payment could not be confirmed; otherwise Stripe redirects.
      if (result && result.error) {
        show(result.error.message || data.errorGeneric);
        button.disabled = false;
      }
    }, function () {
      show(data.errorGeneric);
      button.disabled = false;
    });
  });
})();
