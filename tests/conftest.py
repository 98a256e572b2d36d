import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "accord",
    max_examples=int(os.environ.get("ACCORD_HYPOTHESIS_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
)
settings.load_profile("accord")
