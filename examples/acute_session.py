"""One workout, three days: what a heavy squat session does to plasma IL-6, lactate, CK and soreness.

Run: python examples/acute_session.py   (prints a small table; the tests run it too)
"""
import myokinetics as mk
from myokinetics.program.parse import parse_session

scenario = mk.Scenario(
    name="squats-5x5",
    duration_h=72.0,
    cohort=mk.CohortSpec(n=1, sex="male", age=25, training_status="untrained"),
    session=parse_session("Back squat 5x5 @ 85% 1RM, rest 3 min"),
    output_every_h=0.25,
)
ds = mk.simulate(scenario)
quads = ds.sel(subject=0, muscle="quadriceps")
rows = [
    ("plasma IL-6", ds.il6.sel(subject=0)),
    ("blood lactate", ds.lactate.sel(subject=0)),
    ("creatine kinase", ds.ck.sel(subject=0)),
    ("quadriceps soreness (0-10)", quads.soreness),
    ("quadriceps MPS", quads.mps),
]
print(f"{'variable':28s} {'baseline':>10s} {'peak':>10s} {'peak at (h)':>12s}  units")
for label, da in rows:
    t_peak = float(da.time[da.argmax("time")])
    print(f"{label:28s} {float(da[0]):10.3g} {float(da.max()):10.3g} {t_peak:12.2f}  {da.attrs['units']}")
