"""Reading issued documents back in tests: text (pypdf) and the PAdES signature (pyHanko)."""

from __future__ import annotations

import io
import tempfile

from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader

from kiblat.platform.documents import certificates


def regency_root():  # noqa: ANN201 - the current regency's active certificate (asn1crypto)
    with tempfile.NamedTemporaryFile(suffix=".pem") as handle:
        handle.write(certificates.certificate_pem(certificates.active()))
        handle.flush()
        return load_cert_from_pemder(handle.name)


def signature_status(pdf: bytes, root):  # noqa: ANN001, ANN201
    """pyHanko's verdict on the document's one signature, trusting only ``root``."""
    signatures = PdfFileReader(io.BytesIO(pdf)).embedded_signatures
    assert len(signatures) == 1
    return validate_pdf_signature(signatures[0], ValidationContext(trust_roots=[root]))


def subfilter(pdf: bytes) -> str:
    return PdfFileReader(io.BytesIO(pdf)).embedded_signatures[0].sig_object["/SubFilter"]


def text_of(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)
