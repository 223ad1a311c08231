"""The floor: a bare Django project served with the same gunicorn settings as the site, so that
each page's figures can be read as a share of what Django itself allows on the same machine in
the same run (bench/run.sh). Two pages:

* ``/string/``: a view returning a short string — Django's request/response cycle and nothing else;
* ``/template/``: a template of a small page rendered with one query — the least a page of ours
  can cost.

It reads the site's database (``DATABASE_URL``): the query lists 20 rows of
``django_content_type``, which every migrated database of the site has.
"""
