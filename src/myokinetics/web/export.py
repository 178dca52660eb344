"""Result files for download: NetCDF (everything), tidy CSV (the headline time courses), JSON (the headline).

Written to memory (nothing touches the server's disk).  NetCDF is xarray's writer, the same file
``myokinetics simulate -o FILE.nc`` writes.
"""
from __future__ import annotations

import io
import json
from typing import Mapping, Sequence

import numpy as np
import pandas as pd
import xarray as xr

from myokinetics.web.headline import Panel

__all__ = ["FORMATS", "netcdf_bytes", "csv_bytes", "json_bytes"]

#: format -> (media type, file suffix)
FORMATS = {"nc": ("application/x-netcdf", ".nc"), "csv": ("text/csv", ".csv"), "json": ("application/json", ".json")}
CSV_COLUMNS = ("program", "variable", "coordinate", "units", "subject", "time_h", "value")


def netcdf_bytes(ds: xr.Dataset) -> bytes:
    return bytes(ds.to_netcdf())


def csv_bytes(datasets: Mapping[str, xr.Dataset], panels: Sequence[Panel]) -> bytes:
    """Tidy (long) CSV of every subject's time course of the headline variables, one row per value."""
    frames = []
    seen = set()
    for prog, ds in datasets.items():
        for p in panels:
            for ln in p.lines:
                if (prog, ln.variable, ln.label) in seen:
                    continue
                seen.add((prog, ln.variable, ln.label))
                da = ds[ln.variable]
                if ln.label:
                    da = da.sel({da.dims[2]: ln.label})
                df = da.transpose("subject", "time").to_pandas().stack().rename("value").reset_index()
                df = df.rename(columns={"time": "time_h"})
                df.insert(0, "program", prog)
                df.insert(1, "variable", ln.variable)
                df.insert(2, "coordinate", ln.label)
                df.insert(3, "units", str(ds[ln.variable].attrs.get("units", "")))
                frames.append(df[list(CSV_COLUMNS)])
    table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=list(CSV_COLUMNS))
    buf = io.StringIO()
    table.to_csv(buf, index=False, float_format="%.9g")
    return buf.getvalue().encode("utf-8")


def _finite(obj):
    if isinstance(obj, float):
        return obj if np.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: _finite(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_finite(v) for v in obj]
    return obj


def json_bytes(doc: dict) -> bytes:
    return (json.dumps(_finite(doc), indent=1, allow_nan=False) + "\n").encode("utf-8")
