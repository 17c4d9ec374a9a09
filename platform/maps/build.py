"""Converts the upstream boundary files into the line-per-region files under ``data/``.

The upstream files (cahyadsn/wilayah_boundaries, MIT, see ``data/LICENSE``) are one GeoJSON
FeatureCollection per level. Parsing the whole collection to draw one regency takes seconds, so
they are shipped as gzipped text with one region per line, sorted by code::

    12.07.01<TAB>Gunung Meriah<TAB>[[[[98.5512,3.2514],...]]]

(code, name, MultiPolygon coordinates ``[lng, lat]`` exactly as upstream). A reader skips the
lines of other regions without parsing them. Run once when the upstream files change::

    python -m kiblat.platform.maps.build UPSTREAM_FOLDER
"""

from __future__ import annotations

import gzip
import json
import shutil
import sys
from pathlib import Path

DATA_DIR = Path(__file__).with_name("data")
LEVEL_FILES = {
    "kabkota.geojson.gz": "kabkota.jsonl.gz",
    "kecamatan.geojson.gz": "kecamatan.jsonl.gz",
    "desa-12.geojson.gz": "desa-12.jsonl.gz",
}


def convert_collection(source: Path, target: Path) -> int:
    with gzip.open(source, "rt", encoding="utf-8") as raw:
        collection = json.load(raw)
    rows = []
    for feature in collection["features"]:
        geometry = feature["geometry"]
        if not geometry:
            continue
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        props = feature["properties"]
        name = " ".join(str(props["nama"]).split())
        rows.append((props["kode"], name, json.dumps(polygons, separators=(",", ":"))))
    rows.sort()
    with gzip.GzipFile(target, "wb", compresslevel=9, mtime=0) as out:
        for code, name, coordinates in rows:
            out.write(f"{code}\t{name}\t{coordinates}\n".encode())
    return len(rows)


def main(source_dir: str) -> None:
    source = Path(source_dir)
    DATA_DIR.mkdir(exist_ok=True)
    for upstream, shipped in LEVEL_FILES.items():
        count = convert_collection(source / upstream, DATA_DIR / shipped)
        print(f"{shipped}: {count} regions")
    shutil.copyfile(source / "centroids.csv.gz", DATA_DIR / "centroids.csv.gz")
    shutil.copyfile(source / "LICENSE", DATA_DIR / "LICENSE")


if __name__ == "__main__":
    main(sys.argv[1])
