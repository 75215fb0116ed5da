"""Bazaar's mixed shopping workload for Locust, in the shape of Online Boutique's load generator.

Each simulated shopper performs one action a second (`constant_throughput(1)`), so the number of users is
the arrival rate in actions per second. Actions, by weight:
browse a product 10, view the cart 3, add to cart 2, search 2, home 1, checkout 1.

Shoppers are customers bench/harness.py registered and signed in before Locust started (BENCH_CUSTOMERS_FILE,
a JSON list of {"email", "token"}), so neither registration nor login is part of the measured mix;
BENCH_PRODUCTS_FILE is a JSON list of product ids. Every checkout sends an Idempotency-Key; 5% of them are sent
a second time with the same key, as a client would after a lost answer, and must answer with the same order.
"""
import itertools
import json
import os
import random
import uuid

from locust import FastHttpUser, constant_throughput, task

with open(os.environ["BENCH_CUSTOMERS_FILE"]) as f:
    CUSTOMERS = json.load(f)
with open(os.environ["BENCH_PRODUCTS_FILE"]) as f:
    PRODUCTS = json.load(f)

# Words of the demo catalog, and one misspelling for the typo-tolerant search.
WORDS = ["headphones", "laptop", "camera", "coffee", "shoes", "novel", "keyboard", "speaker", "wallet", "headphnoes"]

CHECKOUT = {
    "shippingAddress": {"name": "Bench Shopper", "line1": "1 Loop Road", "city": "Localhost", "postalCode": "12345", "country": "US"},
    "paymentMethod": {"type": "card", "token": "tok_visa"},
}

RETRY_SHARE = 0.05

_next_customer = itertools.count()


class Shopper(FastHttpUser):
    wait_time = constant_throughput(1)

    def on_start(self):
        customer = CUSTOMERS[next(_next_customer) % len(CUSTOMERS)]
        self.auth = {"Authorization": "Bearer " + customer["token"]}

    @task(10)
    def browse_product(self):
        self.client.get("/api/products/" + random.choice(PRODUCTS), headers=self.auth, name="/api/products/{id}")

    @task(3)
    def view_cart(self):
        self.client.get("/api/cart", headers=self.auth)

    @task(2)
    def add_to_cart(self):
        self._add_to_cart()

    @task(2)
    def search(self):
        self.client.get("/api/products?q=" + random.choice(WORDS), headers=self.auth, name="/api/products?q={word}")

    @task(1)
    def home(self):
        # What the storefront's home page asks the API for: the categories and a row of featured (newest) products.
        self.client.get("/api/categories", headers=self.auth)
        self.client.get("/api/products?sort=newest&pageSize=8", headers=self.auth, name="/api/products?sort=newest")

    @task(1)
    def checkout(self):
        self._add_to_cart()
        headers = dict(self.auth, **{"Idempotency-Key": uuid.uuid4().hex})
        with self.client.post("/api/orders", json=CHECKOUT, headers=headers, name="/api/orders", catch_response=True) as first:
            if first.status_code != 202:
                first.failure("checkout answered %s" % first.status_code)
                return
            order = first.json()["id"]
        if random.random() < RETRY_SHARE:
            with self.client.post("/api/orders", json=CHECKOUT, headers=headers, name="/api/orders (retry, same key)",
                                  catch_response=True) as again:
                if again.status_code != 202:
                    again.failure("retried checkout answered %s" % again.status_code)
                elif again.json()["id"] != order:
                    again.failure("retried checkout made a second order")

    def _add_to_cart(self):
        self.client.post("/api/cart/items", json={"productId": random.choice(PRODUCTS), "quantity": 1}, headers=self.auth)
