"""Static files storage: whitenoise's compressed manifest storage (hashed
names, gzip and Brotli, cached for ten years), with JavaScript module imports
rewritten to the hashed names too, so a module a script imports (GOV.UK
Frontend from static/js/app.js) is cached as long as the script."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    support_js_module_import_aggregation = True
