"""GIFT COMBOS (hộp quà OCOP) — a product made of listed products, sold as one.

* A combo is an Oscar product with ``is_combo`` and its parts (:class:`.models.ComboPart`:
  a product and how many of it). It has its own title, description, pictures, price and stock
  (the number of gift boxes on offer), set in the producer area like any product.
* **Who composes**: a producer, of its own products (the ownership rule); staff, of any
  producers' products, under the province office's own partner (:func:`.parts.office`).
* **Listed** only while every part is: the listing rule (catalog/listing.py) says so in the
  same ``Q`` as for every product, so catalogue, search, baskets and checkout follow it.
* **Ordered**: a combo in a basket becomes, when the order is placed, one order line per part,
  sent by the part's producer from its own online stock (allocated like any line) at a share of
  the combo's price in proportion to the parts' own prices (:mod:`.orders`); the combo's gift
  boxes on offer go down by the quantity ordered.
* **Searched** with a "Gift combos" facet; a combo's stars are its parts' fewest, its last valid
  day their earliest (:mod:`catalog.search.documents`).
"""
