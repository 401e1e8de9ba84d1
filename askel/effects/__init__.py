"""The employment effect of services (indicators.md §9): dynamic propensity-score matching.

`estimate_effects` takes the person-days of `int_effect_person_days` (entries and the pool of
jobseekers on each entry day, with what was known on the day before and the outcomes) and the
first start of each code per person, and returns the rows of `marts.service_effects`.
"""

from askel.effects.estimate import COLUMNS, HORIZONS, MIN_MATCHED, estimate_effects

__all__ = ["COLUMNS", "HORIZONS", "MIN_MATCHED", "estimate_effects"]
