"""A small stand-in of our own for what localstripe lacks: Stripe.js's Payment Element.

localstripe (PyPI) stands in for Stripe's API, and its fake Stripe.js offers only the old Card
Element. This serves, over real HTTP on a free port, ``/v3/`` — a Stripe.js stand-in
(``tests/stripe_standin.js``) with the Payment Element calls our card page makes — and
``/confirm``, which does what Stripe's servers do when the Payment Element confirms: with the
real ``stripe`` client and the secret key, it creates the card's PaymentMethod on localstripe,
attaches it to the PaymentIntent (after checking the client secret) and confirms it. localstripe
then sends its signed ``payment_intent.succeeded`` webhook as Stripe would.

To try the card page by hand against a localstripe on port 8420 (README, "Card payments"):
``python -m tests.stripe_standin --port 8421`` and ``STRIPE_JS_URL=http://localhost:8421/v3/``.
"""

import argparse
import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import stripe

JS = Path(__file__).with_name("stripe_standin.js")


class StripeJsStandIn:
    def __init__(self, api_base, secret_key, port=0):
        self.api_base = api_base
        self.secret_key = secret_key
        self.server = ThreadingHTTPServer(("127.0.0.1", port), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.js_url = f"{self.url}/v3/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def confirm(self, client_secret, card):
        """Pay the PaymentIntent of ``client_secret`` with ``card``: (HTTP status, JSON answer)."""
        client = stripe.StripeClient(self.secret_key, base_addresses={"api": self.api_base})
        intent_id = client_secret.split("_secret_")[0]
        try:
            intent = client.v1.payment_intents.retrieve(intent_id)
            if intent.client_secret != client_secret:
                return 401, {"error": {"type": "invalid_request_error", "message": "Invalid client secret."}}
            method = client.v1.payment_methods.create(
                params={
                    "type": "card",
                    "card": {
                        "number": card.get("number", ""),
                        "exp_month": card.get("exp_month", ""),
                        "exp_year": card.get("exp_year", ""),
                        "cvc": card.get("cvc", ""),
                    },
                }
            )
            # Stripe lets a shopper retry after a declined card; localstripe keeps the failed
            # charge and refuses to confirm again unless it is cleared (JSON null, which the
            # stripe client cannot send).
            httpx.post(
                f"{self.api_base}/v1/payment_intents/{intent_id}",
                json={"payment_method": method.id, "latest_charge": None},
                auth=(self.secret_key, ""),
            ).raise_for_status()
            intent = client.v1.payment_intents.confirm(intent_id)
        except stripe.StripeError as error:
            message = error.user_message or "Your card details are incomplete or invalid."
            return 402, {"error": {"type": "card_error", "code": error.code, "message": message}}
        return 200, {"id": intent.id, "status": intent.status}

    def _handler(self):
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def answer(self, status, body, content_type="application/json"):
                data = body if isinstance(body, bytes) else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Access-Control-Allow-Origin", "*")
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                if self.path.split("?")[0] == "/v3/":
                    self.answer(200, JS.read_bytes(), "application/javascript; charset=utf-8")
                else:
                    self.answer(404, {"error": {"message": "Not found"}})

            def do_POST(self):
                if self.path != "/confirm":
                    return self.answer(404, {"error": {"message": "Not found"}})
                length = int(self.headers.get("Content-Length") or 0)
                try:
                    body = json.loads(self.rfile.read(length))
                    secret, card = str(body["client_secret"]), dict(body["card"])
                except (ValueError, KeyError, TypeError):
                    return self.answer(400, {"error": {"type": "invalid_request_error", "message": "Bad request"}})
                self.answer(*standin.confirm(secret, card))

        return Handler


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Stripe.js with the Payment Element, paying through localstripe")
    parser.add_argument("--port", type=int, default=8421)
    parser.add_argument("--api-base", default=os.environ.get("STRIPE_API_BASE", "http://localhost:8420"))
    parser.add_argument("--secret-key", default=os.environ.get("STRIPE_SECRET_KEY", "sk_test_local"))
    args = parser.parse_args()
    standin = StripeJsStandIn(args.api_base, args.secret_key, args.port)
    print(f"Stripe.js stand-in on {standin.js_url} (paying through {args.api_base}); stop with Ctrl-C")
    standin.server.serve_forever()
