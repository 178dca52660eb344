"""Write the sample training logs of tests/data/logs/ (run once; the files are committed).

The samples are synthetic (no real person's data): one made-up lifter, three sessions a week,
loads rising 2.5 kg a week on the main lifts, with the features each importer must handle
(warm-up sets, RPE/RIR, pounds, an exercise the library does not have, a cardio entry, rest
rows).  strength.fit is written with garmin-fit-sdk's Encoder (Garmin's own FIT SDK), so it is a
real FIT file, not a hand-made byte string.

    python tests/data/logs/make_samples.py
"""
from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

HERE = Path(__file__).parent
START = dt.datetime(2024, 1, 8, 18, 5)        # a Monday
LB = 0.45359237


def plan(weeks: int):
    """(datetime, workout, [(exercise key, [(kg, reps, kind, rpe)])]) for each session."""
    out = []
    for w in range(weeks):
        for d, title in ((0, "Full body A"), (2, "Full body B"), (4, "Full body A")):
            t = START + dt.timedelta(days=7 * w + d, minutes=(w * 7) % 20)
            sq, bp, dl, row = 80 + 2.5 * w, 60 + 1.25 * w, 100 + 2.5 * w, 50 + 1.25 * w
            if title == "Full body A":
                ex = [("squat", [(40, 8, "warmup", None), (60, 5, "warmup", None)]
                       + [(sq, 5, "working", 7.5 + 0.5 * (k == 2)) for k in range(3)]),
                      ("bench", [(40, 8, "warmup", None)] + [(bp, 5, "working", 8 if k == 2 else None) for k in range(3)]),
                      ("row", [(row, 8, "working", None) for _ in range(3)]),
                      ("curl", [(12, 10, "working", None), (12, 10, "working", None), (8, 12, "dropset", None)])]
            else:
                ex = [("deadlift", [(60, 5, "warmup", None)] + [(dl, 5, "working", 8) for _ in range(2)]),
                      ("ohp", [(35 + 1.25 * w, 6, "working", None) for _ in range(3)]),
                      ("pullup", [(0, 8, "working", 8), (0, 7, "working", 9), (0, 6, "failure", 10)]),
                      ("adduction", [(40, 12, "working", None) for _ in range(2)])]
            out.append((t, title, ex))
    return out


NAMES = {
    "strong": {"squat": "Squat (Barbell)", "bench": "Bench Press (Barbell)", "row": "Bent Over Row (Barbell)",
               "curl": "Bicep Curl (Dumbbell)", "deadlift": "Deadlift (Barbell)", "ohp": "Overhead Press (Barbell)",
               "pullup": "Pull Up", "adduction": "Tire Flip"},
    "hevy": {"squat": "Squat (Barbell)", "bench": "Bench Press (Barbell)", "row": "Bent Over Row (Barbell)",
             "curl": "Bicep Curl (Dumbbell)", "deadlift": "Deadlift (Barbell)", "ohp": "Overhead Press (Barbell)",
             "pullup": "Pull Up", "adduction": "Tire Flip"},
    "fitnotes": {"squat": "Barbell Squat", "bench": "Flat Barbell Bench Press", "row": "Barbell Row",
                 "curl": "Dumbbell Curl", "deadlift": "Deadlift", "ohp": "Overhead Press", "pullup": "Pull Up",
                 "adduction": "Tire Flip"},
    "jefit": {"squat": "Barbell Squat", "bench": "Barbell Bench Press", "row": "Barbell Bent Over Row",
              "curl": "Dumbbell Alternate Bicep Curl", "deadlift": "Barbell Deadlift", "ohp": "Barbell Shoulder Press",
              "pullup": "Pull Up", "adduction": "Tire Flip"},
}


def strong(weeks=10):
    rows = []
    for t, title, exs in plan(weeks):
        for key, sets in exs:
            n = 0
            for kg, reps, kind, rpe in sets:
                n += kind != "warmup"
                order = {"warmup": "W", "dropset": "D", "failure": "F"}.get(kind, str(n))
                rows.append([t.strftime("%Y-%m-%d %H:%M:%S"), title, NAMES["strong"][key], order, f"{kg:g}", "kg", reps,
                             "" if rpe is None else f"{rpe:g}", "", "", 0, "", "", "1h 5m"])
            if key == "squat":
                rows.append([t.strftime("%Y-%m-%d %H:%M:%S"), title, NAMES["strong"][key], "Rest Timer", 0, "kg", 0, "", "",
                             "", 180, "", "", "1h 5m"])
        if title == "Full body B":
            rows.append([t.strftime("%Y-%m-%d %H:%M:%S"), title, "Running", 1, 0, "kg", 0, "", 3, "km", 1200, "cool-down",
                         "", "1h 5m"])
    with open(HERE / "strong.csv", "w", newline="") as f:
        w = csv.writer(f, delimiter=";")
        w.writerow(["Date", "Workout Name", "Exercise Name", "Set Order", "Weight", "Weight Unit", "Reps", "RPE", "Distance",
                    "Distance Unit", "Seconds", "Notes", "Workout Notes", "Workout Duration"])
        w.writerows(rows)
    # the legacy layout (comma-separated, no unit column), pounds, one week
    with open(HERE / "strong_legacy.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["Date", "Workout Name", "Duration", "Exercise Name", "Set Order", "Weight", "Reps", "Distance", "Seconds",
                    "Notes", "Workout Notes", "RPE"])
        for t, title, exs in plan(1):
            for key, sets in exs[:2]:
                for k, (kg, reps, kind, rpe) in enumerate(sets):
                    w.writerow([t.strftime("%Y-%m-%d %H:%M:%S"), title, "65m", NAMES["strong"][key], k + 1,
                                round(kg / LB / 5) * 5, reps, 0, 0, "", "", "" if rpe is None else rpe])


def hevy(weeks=3):
    with open(HERE / "hevy.csv", "w", newline="") as f:
        w = csv.writer(f, quoting=csv.QUOTE_NONNUMERIC)
        w.writerow(["title", "start_time", "end_time", "description", "exercise_title", "superset_id", "exercise_notes",
                    "set_index", "set_type", "weight_lbs", "reps", "distance_miles", "duration_seconds", "rpe"])
        for t, title, exs in plan(weeks):
            end = t + dt.timedelta(minutes=65)
            for key, sets in exs:
                for k, (kg, reps, kind, rpe) in enumerate(sets):
                    w.writerow([title, t.strftime("%d %b %Y, %H:%M"), end.strftime("%d %b %Y, %H:%M"), "", NAMES["hevy"][key],
                                "", "", k, {"working": "normal"}.get(kind, kind), round(kg / LB / 5) * 5 if kg else "",
                                reps, "", "", "" if rpe is None else rpe])


def fitnotes(weeks=3):
    with open(HERE / "fitnotes.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["Date", "Exercise", "Category", "Weight (kgs)", "Reps", "Distance", "Distance Unit", "Time", "Comment"])
        cat = {"squat": "Legs", "bench": "Chest", "row": "Back", "curl": "Biceps", "deadlift": "Back", "ohp": "Shoulders",
               "pullup": "Back", "adduction": "Legs"}
        for t, title, exs in plan(weeks):
            for key, sets in exs:
                for kg, reps, kind, rpe in sets:
                    if kind == "warmup":
                        continue          # FitNotes users rarely log warm-ups; it has no warm-up flag in this layout
                    w.writerow([t.strftime("%Y-%m-%d"), NAMES["fitnotes"][key], cat[key], f"{kg:.1f}", reps, "", "", "", ""])
            if title == "Full body B":
                w.writerow([t.strftime("%Y-%m-%d"), "Cycling", "Cardio", "", "", "10.0", "km", "0:25:00", "easy"])


def jefit(weeks=3):
    lines = ["### WORKOUT SESSIONS #####################################", "",
             "rowid,_id,USERID,edit_time,day_id,total_time,workout_time,rest_time,wasted_time,total_exercises,starttime,endtime"]
    logs, setl = [], []
    sid = 0
    for t, title, exs in plan(weeks):
        sid += 1
        epoch = int(t.replace(tzinfo=dt.timezone.utc).timestamp())
        lines.append(f"{sid},{epoch},1,0,0,3900,3000,900,0,{len(exs)},{epoch},{epoch + 3900}")
        for key, sets in exs:
            lid = len(logs) + 1
            work = [(kg, r) for kg, r, kind, _ in sets if kind != "warmup"]
            pairs = ",".join(f"{kg / LB:.2f}x{r}" for kg, r in work)
            logs.append(f"1,0,1,\"{pairs}\",{lid},0,{t:%Y-%m-%d},0,\"{NAMES['jefit'][key]}\",0,{epoch},{epoch},,0")
            for k, (kg, r) in enumerate(work):
                setl.append(f"{len(setl) + 1},1,{lid},{k},{kg / LB:.4f},{r},0,0,0,0,0")
    lines += ["", "### EXERCISE LOGS ########################################", "",
              "USERID,TIMESTAMP,belongSys,logs,_id,record,mydate,eid,ename,day_item_id,belongsession,logTime,interval_logs,"
              "auto_generated"] + logs
    lines += ["", "### EXERCISE SET LOGS ####################################", "",
              "_id,userid,exercise_log_id,set_index,weight_lbs,reps,calories,distance_mi,speed_mph,laps,duration"] + setl
    (HERE / "jefit.csv").write_text("\n".join(lines) + "\n")


def wger(weeks=3):
    ids = {"squat": 615, "bench": 73, "deadlift": 184, "pullup": 475, "curl": 92, "ohp": 566, "row": None,
           "adduction": 1999}
    results = []
    for s, (t, title, exs) in enumerate(plan(weeks), start=1):
        minute = 0
        for key, sets in exs:
            for kg, reps, kind, rpe in sets:
                if kind == "warmup":
                    continue
                minute += 3
                entry = {"id": f"0190a3c0-0000-7000-8000-{len(results):012d}", "date": (t + dt.timedelta(minutes=minute))
                         .strftime("%Y-%m-%dT%H:%M:%SZ"), "session": s, "routine": 1, "iteration": None, "slot_entry": None,
                         "next_log": None, "exercise": ids[key] if ids[key] else 81, "repetitions_unit": 2 if kind == "failure" else 1,
                         "repetitions": f"{reps}.00", "repetitions_target": None, "weight_unit": 1 if kg else 3,
                         "weight": f"{kg:.2f}" if kg else "0.00", "weight_target": None,
                         "rir": None if rpe is None else f"{10 - rpe:.1f}", "rir_target": None, "rest": 120, "rest_target": None}
                if ids[key] is None:
                    entry["exercise_name"] = "Bent Over Rowing"
                results.append(entry)
    body = ",\n".join(json.dumps(r, separators=(",", ":")) for r in results)
    (HERE / "wger.json").write_text(f'{{"count":{len(results)},"next":null,"previous":null,"results":[\n{body}\n]}}\n')


def fit_sample():
    """One strength activity (Full body A, week 0) as a real FIT file, written by garmin-fit-sdk's Encoder.

    FIT set messages have no warm-up flag: the warm-up sets are written as ordinary sets of the lift,
    as a watch records them."""
    from garmin_fit_sdk import Encoder, Profile

    num = Profile["mesg_num"]
    names = {"squat": ("squat", "barbell_back_squat"), "bench": ("bench_press", "barbell_bench_press"),
             "row": ("row", "barbell_row"), "curl": ("curl", "dumbbell_biceps_curl")}

    def subtype(cat, name):
        table = Profile["types"][f"{cat}_exercise_name"]
        return next(k for k, v in table.items() if v == name)

    t0 = (START - dt.timedelta(hours=1)).replace(tzinfo=dt.timezone.utc)     # 18:05 local at UTC+1
    enc = Encoder()
    enc.write_mesg({"mesg_num": num["FILE_ID"], "type": "activity", "manufacturer": "development", "product": 0,
                    "time_created": t0, "serial_number": 1234})
    t = t0
    k = 0
    for key, sets in plan(1)[0][2]:
        cat, name = names[key]
        for kg, reps, kind, rpe in sets:
            dur = reps * 3.0
            enc.write_mesg({"mesg_num": num["SET"], "timestamp": t + dt.timedelta(seconds=dur), "start_time": t,
                            "duration": dur, "repetitions": reps, "weight": float(kg), "set_type": "active",
                            "category": [cat], "category_subtype": [subtype(cat, name)],
                            "weight_display_unit": "kilogram", "message_index": k})
            t += dt.timedelta(seconds=dur)
            enc.write_mesg({"mesg_num": num["SET"], "timestamp": t + dt.timedelta(seconds=120), "start_time": t,
                            "duration": 120.0, "set_type": "rest", "message_index": k + 1})
            t += dt.timedelta(seconds=120)
            k += 2
    enc.write_mesg({"mesg_num": num["ACTIVITY"], "timestamp": t, "total_timer_time": (t - t0).total_seconds(),
                    "num_sessions": 1, "type": "manual", "event": "activity", "event_type": "stop",
                    "local_timestamp": int((t + dt.timedelta(hours=1) - dt.datetime(1989, 12, 31, tzinfo=dt.timezone.utc))
                                           .total_seconds())})
    (HERE / "strength.fit").write_bytes(bytes(enc.close()))


if __name__ == "__main__":
    strong()
    hevy()
    fitnotes()
    jefit()
    wger()
    fit_sample()
