# The two commands a newcomer needs:
#   make demo   set everything up and serve the demo shop on http://127.0.0.1:8000 (it prints the
#               logins, the demo orders and how to pay by test card or to the demo bank account)
#   make test   set everything up and run the whole test suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py

.PHONY: demo test lint check-migrations messages serve bench-data clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.runtime $@

demo: export DEBUG = true
# A demo bank account, so that the demo offers bank transfer (VietQR): not a real account (letters
# in the number), never for production. The values of catalog/demo/summary.py's DEMO_BANK.
demo: export VIETQR_BANK_BIN = 970436
demo: export VIETQR_BANK_NAME = Vietcombank
demo: export VIETQR_ACCOUNT_NUMBER = OCOPDEMO0000
demo: export VIETQR_ACCOUNT_NAME = CHO OCOP DEMO
demo: $(VENV)/.runtime
	mkdir -p var
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	@echo "Serving the demo shop on http://127.0.0.1:8000 (stop with Ctrl-C)"
	$(MANAGE) runserver 127.0.0.1:8000

# The Nu Html Checker for tests/test_html_valid.py (skipped, with a message, without npm and Java).
VNU := node_modules/vnu-jar/build/dist/vnu.jar
$(VNU):
	npm install --no-save --no-package-lock --silent vnu-jar@26.9.27

ifneq ($(shell command -v npm 2>/dev/null),)
test: $(VNU)
endif
test: $(VENV)/.dev
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check-migrations: $(VENV)/.dev
	$(MANAGE) makemigrations --check --dry-run

# Rebuild the Vietnamese translation catalogue after changing translatable text (needs GNU gettext).
messages: $(VENV)/.dev
	$(MANAGE) makemessages -l vi --ignore=.venv --ignore=var --ignore=bench
	$(MANAGE) compilemessages -l vi --ignore=.venv

clean:
	rm -rf var/db.sqlite3 var/media
