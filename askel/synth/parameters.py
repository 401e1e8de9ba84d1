"""Every tunable number of the synthetic employment area, in one place.

The model is a semi-Markov process over the jobseeker statuses of sources.md: each period draws
its length from a log-normal distribution (median days, sigma) that depends on its status, then
the next status (or the end of the registration, with its reason) from a transition row. The
log-normal has an exit hazard that falls with duration, so long-term unemployment builds up;
unemployment that has lasted over a year uses a row with fewer exits to work. Services are
derived from the periods: `07` periods carry a te/palvelut (or municipal KTT) service, `00`
periods a pay subsidy or start-up grant, and long unemployment periods pick up coaching, social
and health services that do not change the status. Training services (TVK, TKO) raise the chance
of moving on to work a little (the "modest positive effect").

Nothing here is calibrated to real statistics: the numbers only make the data exercise every
definition of indicators.md with plausible volumes.
"""

from __future__ import annotations

#: jobseeker statuses (sources.md); the index of a status is its state number in the model
STATUSES = ("00", "01", "02", "03", "04", "05", "07", "08", "09")
S00, S01, S02, S03, S04, S05, S07, S08, S09 = range(9)
EXIT = 9  # the registration ends
#: registration end reasons, index = reason number
REASONS = ("AT", "YR", "KO", "UL", "MU")
AT, YR, KO, UL, MU = range(5)

# --- population ---------------------------------------------------------------------------
#: age on the start day is uniform in this range (so 16-68 over a four-year period)
AGE_MIN, AGE_MAX = 16, 64
#: ISCED 2011 level 0..8 of the highest completed education
ISCED_WEIGHTS = (0.01, 0.02, 0.20, 0.38, 0.06, 0.12, 0.13, 0.07, 0.01)
#: share of persons living in the first configured municipality; the rest share the remainder
FIRST_MUNICIPALITY_SHARE = 0.75
#: persons already registered on the start day (their first period may begin years earlier)
STOCK_SHARE = 0.35
#: first registrations of the other persons: relative weight of each calendar month (Jan..Dec)
#: (more in summer, when studies end, and at year end, when fixed-term and seasonal jobs end)
#: and a linear trend (growth of the weight per year after the start day), so that inflow has
#: the seasonality and the trend a forecast of real flows must handle (indicators.md §10)
FIRST_REGISTRATION_MONTH_WEIGHTS = (1.0, 0.85, 0.85, 0.9, 1.0, 1.45, 1.3, 0.95, 0.9, 0.9, 1.0, 1.3)
FIRST_REGISTRATION_TREND = 0.15
#: status of a stock person on the start day
STOCK_STATUS_WEIGHTS = (0.03, 0.05, 0.62, 0.05, 0.01, 0.06, 0.12, 0.04, 0.02)
#: first status of a new registration
ENTRY_STATUS_WEIGHTS = (0.01, 0.05, 0.68, 0.12, 0.03, 0.04, 0.03, 0.02, 0.02)
#: person-level spread of unemployment durations (log-scale sd) and group multipliers
FRAILTY_SD = 0.35
LOW_EDUCATION_DURATION = 1.4  # ISCED 0-2
OLD_DURATION = 1.5  # aged 55+
YOUNG_DURATION = 0.8  # under 25
#: labour market subsidy (Kela) recipients: base share, plus for the young and low-educated
TMT_SHARE, TMT_YOUNG_EXTRA, TMT_LOW_EDU_EXTRA = 0.35, 0.30, 0.20

# --- period lengths: (median days, log-sd) -------------------------------------------------
DURATION = {
    S01: (75, 1.0),
    S02: (95, 1.05),
    S03: (40, 0.8),
    S04: (60, 0.7),
    S05: (100, 0.9),
    S08: (150, 0.7),
    S09: (110, 0.9),
}
MAX_DURATION = 3000
#: services carried by 07 periods: code -> (weight, median days, log-sd, organisation)
SERVICE_07 = {
    "TVK": (0.30, 110, 0.5, "te"),
    "OMA": (0.15, 240, 0.5, "te"),
    "TKO": (0.20, 75, 0.5, "te"),
    "VAL": (0.20, 45, 0.5, "te"),
    "KTT": (0.15, 150, 0.6, "kunta"),
}
#: subsidised employment carried by 00 periods
SERVICE_00 = {
    "PTU": (0.60, 180, 0.4, "te"),
    "STA": (0.25, 180, 0.3, "te"),
    "PTK": (0.15, 200, 0.4, "kunta"),
}
#: services during an unemployment period that do not change the status:
#: code -> (probability per 02 period of at least 60 days, median days, log-sd, organisation)
SIDE_SERVICES = {
    "VAL": (0.15, 40, 0.5, "te"),
    "TVA": (0.08, 110, 0.5, "kunta"),
    "SOS": (0.10, 150, 0.8, "kunta"),
    "TER": (0.08, 1, 0.6, "kunta"),
    "PAM": (0.04, 150, 0.6, "kunta"),
    "TKA": (0.05, 45, 0.5, "kunta"),
    "OSA": (0.04, 70, 0.5, "kunta"),
}
#: share of service rows whose end differs from the status period's end (-5..+10 days)
SERVICE_END_JITTER = 0.25
#: share of ended te services marked interrupted (K); the rest E, some empty
INTERRUPTED_SHARE, KESKEYTYI_EMPTY_SHARE = 0.15, 0.10
#: share of kunta TVA/KTT/OSA rows in the project window delivered within the joint project
ASKEL_SHARE = 0.20

# --- transitions: next status (00,01,02,03,04,05,07,08,09,EXIT) and exit reasons ------------
# rows: keys are the state, "02L" = unemployment longer than a year, "07T" = 07 in training
TRANSITIONS = {
    "00": (0.03, 0.12, 0.25, 0.00, 0.00, 0.02, 0.05, 0.02, 0.03, 0.48),
    "01": (0.01, 0.05, 0.20, 0.04, 0.02, 0.02, 0.02, 0.02, 0.04, 0.58),
    "02": (0.05, 0.10, 0.05, 0.01, 0.01, 0.05, 0.17, 0.04, 0.04, 0.48),
    "02L": (0.06, 0.05, 0.05, 0.00, 0.00, 0.10, 0.28, 0.03, 0.03, 0.40),
    "03": (0.00, 0.25, 0.25, 0.04, 0.03, 0.01, 0.02, 0.01, 0.02, 0.37),
    "04": (0.00, 0.25, 0.05, 0.10, 0.05, 0.00, 0.00, 0.00, 0.05, 0.50),
    "05": (0.00, 0.03, 0.35, 0.00, 0.00, 0.05, 0.07, 0.05, 0.00, 0.45),
    "07": (0.04, 0.08, 0.40, 0.00, 0.00, 0.05, 0.10, 0.05, 0.03, 0.25),
    "07T": (0.05, 0.18, 0.25, 0.00, 0.00, 0.02, 0.06, 0.04, 0.04, 0.36),
    "08": (0.00, 0.05, 0.30, 0.00, 0.00, 0.03, 0.02, 0.05, 0.03, 0.52),
    "09": (0.00, 0.15, 0.20, 0.02, 0.00, 0.01, 0.02, 0.02, 0.05, 0.53),
}
EXIT_REASONS = {  # AT, YR, KO, UL, MU
    "00": (0.70, 0.15, 0.03, 0.05, 0.07),
    "01": (0.85, 0.03, 0.02, 0.03, 0.07),
    "02": (0.45, 0.03, 0.12, 0.17, 0.23),
    "02L": (0.30, 0.02, 0.08, 0.30, 0.30),
    "03": (0.85, 0.01, 0.02, 0.04, 0.08),
    "04": (0.90, 0.01, 0.02, 0.02, 0.05),
    "05": (0.05, 0.00, 0.05, 0.60, 0.30),
    "07": (0.45, 0.03, 0.15, 0.12, 0.25),
    "07T": (0.70, 0.04, 0.08, 0.05, 0.13),
    "08": (0.35, 0.00, 0.45, 0.05, 0.15),
    "09": (0.85, 0.02, 0.02, 0.03, 0.08),
}
LONG_UNEMPLOYMENT_DAYS = 365
#: a new period of the same status or any status moves the person with these probabilities
MOVE_WITHIN_REGISTRATION, MOVE_BETWEEN_REGISTRATIONS = 0.015, 0.04

# --- time outside the register --------------------------------------------------------------
GAP = (210, 1.1)  # median days, log-sd; always at least one day
NEVER_RETURN = 0.25  # share of registration ends after which the person does not come back
#: seasonality: this share of returns is moved to the next 1 January or 1 July (fixed-term
#: jobs and studies end at the turn of the term), and unemployment ending in Nov-Jan is
#: prolonged to spring with this probability by (min, max) days
SEASONAL_RETURN = 0.30
WINTER_DELAY, WINTER_DELAY_DAYS = 0.30, (20, 70)

# --- ESF participants ----------------------------------------------------------------------
#: probability that a period of this status within a project's window leads to entry
ESF_ENTRY = {S02: 0.03, S03: 0.015, S07: 0.045, S05: 0.02, S08: 0.015}
ESF_LONG_PERIOD_EXTRA = 0.03  # for periods longer than 180 days
ESF_MIN_PARTICIPANTS = 8  # even a tiny area has a few participants (when anyone is eligible)
MAIN_PROJECT_SHARE = 0.55
ESF_STAY = (120, 0.7)  # participation length: median days, log-sd
ESF_REENTRY = 0.10  # participants who come back after leaving
ESF_BOTH_PROJECTS = 0.04  # participants who also join another project
ESF_FORGOTTEN_LEAVING = 0.03  # leaving date never recorded
ESF_EMPTY_STATUS, ESF_EMPTY_EDUCATION, ESF_UNKNOWN_EDUCATION = 0.04, 0.03, 0.03
ESF_TILANNE_EMPTY, ESF_TILANNE_UNKNOWN = 0.20, 0.10
#: K/E/EOS/empty weights of the yes/no questions
ESF_YES = {
    "kotitalous_tyoton": 0.20,
    "huollettavia_lapsia": 0.25,
    "yksinhuoltaja": 0.08,
    "vahemmisto": 0.10,
    "vamma": 0.12,
    "muu_heikko_asema": 0.15,
    "asunnoton": 0.04,
    "maaseutu": 0.10,
}
ESF_SENSITIVE = ("vahemmisto", "vamma", "muu_heikko_asema")
ESF_EOS, ESF_EOS_SENSITIVE, ESF_NO_ANSWER = 0.03, 0.08, 0.10
ESF_QUALIFICATION = 0.15
#: share of ESF rows whose dates are text cells instead of Excel date cells
ESF_TEXT_DATES = 0.2

# --- employment relationships (Incomes Register) --------------------------------------------
EMPLOYERS_PER_1000 = 8  # size of the employer pool per 1000 persons (at least 200)
JOB_BEFORE_REGISTRATION = 0.5  # a first 02 registration follows a job that ended
JOB_AFTER_AT_ONGOING = 0.6  # after an AT exit with no return, the job is still on
JOB_AFTER_AT_SHORT = 0.3  # after an AT exit with a return, the job ended before the return

# --- Kela ----------------------------------------------------------------------------------
#: labour market subsidy, euros per day, by year (the rate in force at the start of the year)
TMT_DAILY_RATE = {2019: 32.40, 2020: 33.66, 2021: 33.78, 2022: 34.50, 2023: 37.21}
TMT_PRIOR_DAYS = (0.5, 1200)  # share of stock recipients with earlier paid days, max days

# --- snapshots -----------------------------------------------------------------------------
SNAPSHOTS = 3  # monthly extractions: the end day and the month ends before it
RESTATED_SHARE = 0.003  # rows that an older snapshot shows differently
#: share of rows with zero-padded dates (the rest unpadded)
PADDED_DATES = 0.5
#: share of municipal service codes keyed in lower case (the contract upper-cases codes)
LOWER_CASE_CODES = 0.01

# --- planted service effects (`askel generate --effect`, synth/effects.py) ------------------
#: a code named in --effect is entered through one controlled process instead of the old ones:
#: during every 02/03 period a daily entry hazard = base x multipliers, the multipliers on
#: observables only (never frailty, never the future), so that a naive comparison is biased
#: and matching on what the registers show can remove the bias (indicators.md §9).
#: Base calibrated so that 50,000 persons (default dates and projects) give about 1,000-2,000
#: counted entries per code at horizon 6.
EFFECT_ENTRY_HAZARD = 0.00012
#: elapsed days of the unemployment spell on T-1: thresholds and the multiplier of each band
#: (<91, 91-182, 183-364, >=365): services are offered as unemployment drags on
EFFECT_ELAPSED_DAYS = (91, 183, 365)
EFFECT_ELAPSED_MULTIPLIERS = (0.6, 1.0, 1.5, 2.0)
EFFECT_YOUNG, EFFECT_OLD = 1.4, 0.6  # under 25, over 54 (age at the period's start)
#: ISCED 0-2, ISCED 5-8. Mild on purpose: the registers askel reads know a person's education
#: only from an ESF form, so for most jobseekers this selection is one the estimate cannot see
#: (the report says so); at 1.3 / 0.8 it left about -1 point of bias at 50,000 persons
EFFECT_LOW_EDUCATION, EFFECT_HIGH_EDUCATION = 1.15, 0.9
#: a 02/03 period ending within this many days before the spell began
EFFECT_EARLIER_UNEMPLOYMENT, EFFECT_EARLIER_DAYS = 1.4, 730
#: row length (median days, log-sd) of a code with no length above (SERVICE_07/00, SIDE_SERVICES)
EFFECT_ROW_LENGTH = (90, 0.5)
#: the planted job (or the time out of work) spans the outcome day D as [D - a, D + b],
#: a and b uniform in this range of days
EFFECT_WINDOW_DAYS = (5, 30)
