/* A stand-in for Stripe.js v3, for the tests only (tests/stripe_standin.py serves it).

   localstripe's own fake Stripe.js has no Payment Element and no confirmPayment(), so this file
   implements the part of Stripe.js that our card page (theme/js/card-payment.js) uses:
   Stripe(key, options), stripe.elements({clientSecret}), elements.create("payment"),
   element.mount(selector), element.on("ready"), stripe.confirmPayment({elements, confirmParams:
   {return_url}}). The card fields are plain inputs labelled "Card number", "Expiry date
   (MM / YY)" and "Security code"; confirming sends them to the stand-in's server, which pays the
   PaymentIntent on localstripe, then, as Stripe does, either resolves with {error} (a declined
   card) or sends the browser to return_url?payment_intent=…&payment_intent_client_secret=…&
   redirect_status=…. */
(function () {
  var base = new URL(document.currentScript.src).origin;

  function PaymentElement() { this.listeners = {}; this.inputs = {}; }
  PaymentElement.prototype.on = function (name, handler) {
    (this.listeners[name] = this.listeners[name] || []).push(handler);
    return this;
  };
  PaymentElement.prototype.fire = function (name, event) {
    (this.listeners[name] || []).forEach(function (handler) { handler(event || {}); });
  };
  PaymentElement.prototype.mount = function (target) {
    var root = typeof target === "string" ? document.querySelector(target) : target;
    var self = this;
    [["number", "Card number", "cc-number", "4242 4242 4242 4242"],
     ["expiry", "Expiry date (MM / YY)", "cc-exp", "12 / 34"],
     ["cvc", "Security code", "cc-csc", "123"]].forEach(function (f) {
      var id = "stripe-standin-" + f[0];
      var label = document.createElement("label");
      label.htmlFor = id;
      label.textContent = f[1];
      var input = document.createElement("input");
      input.id = id;
      input.type = "text";
      input.inputMode = "numeric";
      input.autocomplete = f[2];
      input.placeholder = f[3];
      input.className = "form-control";
      root.appendChild(label);
      root.appendChild(input);
      self.inputs[f[0]] = input;
    });
    setTimeout(function () { self.fire("ready"); }, 0);
  };
  PaymentElement.prototype.card = function () {
    var expiry = this.inputs.expiry.value.replace(/\s/g, "").split("/");
    return {
      number: this.inputs.number.value.replace(/\s/g, ""),
      exp_month: expiry[0] || "",
      exp_year: expiry[1] || "",
      cvc: this.inputs.cvc.value.trim()
    };
  };

  window.Stripe = function () {
    return {
      elements: function (options) {
        return {
          clientSecret: options.clientSecret,
          create: function () { this.element = new PaymentElement(); return this.element; }
        };
      },
      confirmPayment: function (args) {
        var elements = args.elements;
        return fetch(base + "/confirm", {
          method: "POST",
          headers: { "Content-Type": "text/plain" },
          body: JSON.stringify({ client_secret: elements.clientSecret, card: elements.element.card() })
        }).then(function (response) { return response.json(); }).then(function (body) {
          if (body.error) return { error: body.error };
          var url = new URL(args.confirmParams.return_url);
          url.searchParams.set("payment_intent", body.id);
          url.searchParams.set("payment_intent_client_secret", elements.clientSecret);
          url.searchParams.set("redirect_status", body.status === "succeeded" ? "succeeded" : "failed");
          window.location.assign(url.toString());
          return new Promise(function () {});  // the page is leaving, as with Stripe
        });
      }
    };
  };
})();
