"""Capital and turnover bands with the micro/small thresholds of PP No. 7 Tahun 2021 (Pasal 35).

Micro: capital up to Rp1 billion (excluding land and buildings) or annual sales up to Rp2 billion;
small: capital above Rp1 to Rp5 billion or sales above Rp2 to Rp15 billion. Larger businesses
do not get an IUMK.
"""

from __future__ import annotations

CAPITAL_BANDS = (
    ("m1", "Sampai Rp1 miliar"),
    ("m5", "Lebih dari Rp1 miliar sampai Rp5 miliar"),
    ("besar", "Lebih dari Rp5 miliar"),
)
TURNOVER_BANDS = (
    ("m2", "Sampai Rp2 miliar per tahun"),
    ("m15", "Lebih dari Rp2 miliar sampai Rp15 miliar per tahun"),
    ("besar", "Lebih dari Rp15 miliar per tahun"),
)
_RANK = {"m1": 0, "m2": 0, "m5": 1, "m15": 1, "besar": 2}


class BandError(ValueError):
    pass


def scale_of(capital_band: str, turnover_band: str) -> str:
    """``mikro`` or ``kecil``; BandError for unknown bands or a business too large for an IUMK."""
    if capital_band not in dict(CAPITAL_BANDS) or turnover_band not in dict(TURNOVER_BANDS):
        raise BandError("Pilih besaran modal dan omzet")
    rank = max(_RANK[capital_band], _RANK[turnover_band])
    if rank == 2:
        raise BandError("Usaha dengan modal lebih dari Rp5 miliar atau omzet lebih dari Rp15 miliar "
                        "bukan usaha mikro/kecil; ajukan izin melalui OSS")
    return "mikro" if rank == 0 else "kecil"
