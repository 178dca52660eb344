"""Write a simulation result in the format its file name asks for.

=========== ================================================================================
``.nc``     NetCDF (xarray; SciPy's netCDF3 writer, or h5netcdf / netCDF4 where installed)
``.zarr``   a Zarr store (a folder; xarray's ``to_zarr`` in Zarr format 2, which every Zarr reader opens and
            which stores the string variables without warnings; extra ``formats``)
``.csv``    a long ("tidy") table: one row per subject × time × muscle/exercise × variable, values to 8
            significant digits (the solver's default tolerance is 1e-5)
``.parquet`` the same long table as Parquet (pyarrow, extra ``formats``), with the result's
            attributes (provenance, citations) in the file's metadata
=========== ================================================================================

NetCDF and Zarr keep everything (covariates, parameters, the per-set table and the
attributes).  The long tables hold the time courses (every variable with dims
``(subject, time[, muscle|exercise])``, deprecated aliases left out), with columns
``subject, time_h, variable, muscle, exercise, value, units`` (``muscle`` / ``exercise``
empty where a variable has no such dimension).
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import xarray as xr

from myokinetics.errors import InputError

__all__ = ["RESULT_FORMATS", "check_results_path", "write_results", "long_table", "missing_writer"]

#: File extensions of `simulate --output` and the package each needs beyond the base install.
RESULT_FORMATS = {".nc": None, ".zarr": "zarr", ".csv": None, ".parquet": "pyarrow"}
#: Values in CSV: 8 significant digits, more than the solver resolves (full precision in .nc, .zarr, .parquet).
CSV_FLOAT_FORMAT = "%.8g"
#: Extra that installs the optional writers.
EXTRA = "formats"


def _suffix(path: Path) -> str:
    return path.suffix.lower()


def missing_writer(path: str | Path) -> str | None:
    """The package a format needs that is not installed (None when it can be written)."""
    need = RESULT_FORMATS.get(_suffix(Path(path)))
    if need is None:
        return None
    import importlib.util

    return None if importlib.util.find_spec(need) is not None else need


def _is_zarr_store(path: Path) -> bool:
    return any((path / marker).exists() for marker in ("zarr.json", ".zgroup", ".zattrs"))


def check_results_path(path: str | Path, field: str = "--output") -> Path:
    """The output path, or an InputError (unknown extension, missing folder, a folder that is not a Zarr store)."""
    p = Path(path)
    suffix = _suffix(p)
    if suffix not in RESULT_FORMATS:
        raise InputError(field, str(path), "a file ending in " + ", ".join(RESULT_FORMATS),
                         f"{suffix or 'no extension'} is not a results format")
    parent = p.parent if str(p.parent) else Path(".")
    if not parent.is_dir():
        raise InputError(field, str(path), "a path in an existing folder", f"folder {str(parent)!r} does not exist")
    if suffix == ".zarr":
        if p.exists() and not (p.is_dir() and (_is_zarr_store(p) or not any(p.iterdir()))):
            raise InputError(field, str(path), "a new .zarr path or an existing Zarr store (it is replaced)",
                             "it exists and is not a Zarr store")
    elif p.is_dir():
        raise InputError(field, str(path), "a file path, not a folder")
    return p


def long_table(ds: xr.Dataset):
    """The time courses of ``ds`` as a long pandas DataFrame (see the module docstring for the columns)."""
    import pandas as pd

    from myokinetics.summary import outcome_variables

    subjects = np.asarray(ds["subject"].values)
    times = np.asarray(ds["time"].values, dtype=float)
    n_s, n_t = subjects.size, times.size
    parts = []
    for name in outcome_variables(ds):
        da = ds[name]
        units = str(da.attrs.get("units", ""))
        vals = np.asarray(da.values, dtype=float)
        if da.ndim == 2:
            labels, dim = [""], None
            vals = vals[:, :, None]
        else:
            dim = da.dims[2]
            labels = [str(x) for x in ds[dim].values] if dim in ds.coords else [str(i) for i in range(da.shape[2])]
        n_l = len(labels)
        size = n_s * n_t * n_l
        lab = np.tile(np.asarray(labels, dtype=object), n_s * n_t)
        parts.append({
            "subject": np.repeat(subjects, n_t * n_l),
            "time_h": np.tile(np.repeat(times, n_l), n_s),
            "variable": np.full(size, name, dtype=object),
            "muscle": lab if dim == "muscle" else np.full(size, "", dtype=object),
            "exercise": lab if dim == "exercise" else np.full(size, "", dtype=object),
            "value": vals.reshape(-1),
            "units": np.full(size, units, dtype=object),
        })
    columns = ("subject", "time_h", "variable", "muscle", "exercise", "value", "units")
    if not parts:
        return pd.DataFrame({c: [] for c in columns})
    data = {c: np.concatenate([p[c] for p in parts]) for c in columns}
    df = pd.DataFrame(data)
    for c in ("variable", "muscle", "exercise", "units"):
        df[c] = df[c].astype("category")
    return df


def _json_attrs(ds: xr.Dataset) -> str:
    return json.dumps({str(k): (v.item() if isinstance(v, np.generic) else v if isinstance(v, (str, int, float, bool))
                                else str(v)) for k, v in ds.attrs.items()})


def write_results(ds: xr.Dataset, path: str | Path, field: str = "--output") -> Path:
    """Write ``ds`` to ``path`` in the format of its extension (see :data:`RESULT_FORMATS`)."""
    p = check_results_path(path, field)
    suffix = _suffix(p)
    need = missing_writer(p)
    if need is not None:
        raise InputError(field, str(path), f"a format whose writer is installed ({suffix} needs {need}: "
                                           f"pip install 'myokinetics[{EXTRA}]')")
    try:
        if suffix == ".nc":
            ds.to_netcdf(p)
        elif suffix == ".zarr":
            ds.to_zarr(p, mode="w", consolidated=True, zarr_format=2)
        elif suffix == ".csv":
            long_table(ds).to_csv(p, index=False, float_format=CSV_FLOAT_FORMAT)
        else:
            import pyarrow as pa
            import pyarrow.parquet as pq

            table = pa.Table.from_pandas(long_table(ds), preserve_index=False)
            meta = dict(table.schema.metadata or {})
            meta[b"myokinetics"] = _json_attrs(ds).encode("utf-8")
            pq.write_table(table.replace_schema_metadata(meta), p)
    except (OSError, ValueError) as exc:
        raise InputError(field, str(path), f"a writable {suffix} path", str(exc).splitlines()[0]) from None
    return p
