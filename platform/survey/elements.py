"""The nine SKM elements (unsur) of PermenPAN-RB 14/2017, their questions and answer scale."""

from __future__ import annotations

from dataclasses import dataclass

from kiblat.platform.modular.manifest import Localized


@dataclass(frozen=True)
class Element:
    code: str  # U1 … U9, as the regulation numbers them
    name: Localized
    question: Localized
    # The four answers, from 1 (worst) to 4 (best).
    answers: tuple[Localized, Localized, Localized, Localized]


def _scale(*pairs: tuple[str, str]) -> tuple[Localized, Localized, Localized, Localized]:
    first, second, third, fourth = (Localized(i, e) for i, e in pairs)
    return first, second, third, fourth


ELEMENTS = (
    Element("U1", Localized("Persyaratan", "Requirements"),
            Localized("Bagaimana kesesuaian persyaratan dengan jenis pelayanannya?",
                      "How well did the requirements fit the service?"),
            _scale(("Tidak sesuai", "Not suitable"), ("Kurang sesuai", "Somewhat suitable"),
                   ("Sesuai", "Suitable"), ("Sangat sesuai", "Very suitable"))),
    Element("U2", Localized("Sistem, mekanisme, dan prosedur", "System, mechanism and procedure"),
            Localized("Bagaimana kemudahan prosedur pelayanan?", "How easy was the procedure?"),
            _scale(("Tidak mudah", "Not easy"), ("Kurang mudah", "Somewhat easy"), ("Mudah", "Easy"),
                   ("Sangat mudah", "Very easy"))),
    Element("U3", Localized("Waktu penyelesaian", "Completion time"),
            Localized("Bagaimana kecepatan waktu pelayanan?", "How fast was the service?"),
            _scale(("Tidak cepat", "Not fast"), ("Kurang cepat", "Somewhat fast"), ("Cepat", "Fast"),
                   ("Sangat cepat", "Very fast"))),
    Element("U4", Localized("Biaya/tarif", "Cost/fee"),
            Localized("Bagaimana kewajaran biaya/tarif pelayanan?", "How fair was the cost or fee?"),
            _scale(("Sangat mahal", "Very expensive"), ("Cukup mahal", "Rather expensive"), ("Murah", "Cheap"),
                   ("Gratis", "Free"))),
    Element("U5", Localized("Produk spesifikasi jenis pelayanan", "Service product specification"),
            Localized("Bagaimana kesesuaian hasil pelayanan dengan yang dijanjikan dalam standar pelayanan?",
                      "How well did the result match what the service standard promises?"),
            _scale(("Tidak sesuai", "Not suitable"), ("Kurang sesuai", "Somewhat suitable"),
                   ("Sesuai", "Suitable"), ("Sangat sesuai", "Very suitable"))),
    Element("U6", Localized("Kompetensi pelaksana", "Staff competence"),
            Localized("Bagaimana kemampuan petugas dalam pelayanan?", "How competent were the staff?"),
            _scale(("Tidak kompeten", "Not competent"), ("Kurang kompeten", "Somewhat competent"),
                   ("Kompeten", "Competent"), ("Sangat kompeten", "Very competent"))),
    Element("U7", Localized("Perilaku pelaksana", "Staff behaviour"),
            Localized("Bagaimana kesopanan dan keramahan petugas?", "How polite and friendly were the staff?"),
            _scale(("Tidak sopan dan ramah", "Not polite or friendly"),
                   ("Kurang sopan dan ramah", "Somewhat polite and friendly"),
                   ("Sopan dan ramah", "Polite and friendly"), ("Sangat sopan dan ramah", "Very polite and friendly"))),
    Element("U8", Localized("Penanganan pengaduan, saran dan masukan", "Handling of complaints and suggestions"),
            Localized("Bagaimana penanganan pengaduan, saran dan masukan?",
                      "How were complaints and suggestions handled?"),
            _scale(("Tidak ada", "None"), ("Ada tetapi tidak berfungsi", "Exists but does not work"),
                   ("Berfungsi kurang maksimal", "Works, not fully"), ("Dikelola dengan baik", "Well managed"))),
    Element("U9", Localized("Sarana dan prasarana", "Facilities"),
            Localized("Bagaimana kualitas sarana dan prasarana (termasuk layanan daring ini)?",
                      "How good were the facilities (including this online service)?"),
            _scale(("Buruk", "Poor"), ("Cukup", "Fair"), ("Baik", "Good"), ("Sangat baik", "Very good"))),
)
