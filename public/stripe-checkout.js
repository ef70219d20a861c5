// Chef Galaxy's bridge to Stripe.js. The card field is Stripe's own frame, so card numbers
// never reach our pages or servers: the payment form only ever receives a PaymentMethod id.
// Stripe.js itself is fetched the first time a payment form mounts a card field.
(function () {
  let stripe = null;
  let card = null;

  function loadStripe() {
    if (window.Stripe) return Promise.resolve();
    return new Promise(function (resolve, reject) {
      const script = document.createElement("script");
      script.src = "https://js.stripe.com/v3/";
      script.onload = function () { resolve(); };
      script.onerror = function () {
        reject(new Error("Stripe could not be reached. Check your connection and reload the page."));
      };
      document.head.appendChild(script);
    });
  }

  window.chefGalaxyStripe = {
    mount: async function (publishableKey, selector) {
      await loadStripe();
      stripe = window.Stripe(publishableKey);
      card = stripe.elements().create("card", { hidePostalCode: true });
      card.mount(selector);
    },
    paymentMethod: async function () {
      if (!stripe || !card) throw new Error("The card form is still loading.");
      const result = await stripe.createPaymentMethod({ type: "card", card: card });
      if (result.error) throw new Error(result.error.message);
      return result.paymentMethod.id;
    },
  };
})();
