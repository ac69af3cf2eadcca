from django.apps import AppConfig


class BenchmarksConfig(AppConfig):
    """National benchmarks from DfE's SEN2 statistics. Reads ehcp; ehcp never imports it
    (the EHCP page shows the benchmark panel through this app's template tag)."""

    name = "ehcp.benchmarks"
    label = "benchmarks"
    verbose_name = "National benchmarks"
