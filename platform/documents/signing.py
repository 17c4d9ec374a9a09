"""PAdES signatures (pyHanko) on the documents the layout service renders."""

from __future__ import annotations

import io

from kiblat.platform.documents.certificates import Loaded

FIELD_NAME = "TandaTanganElektronik"


def sign_pdf(pdf: bytes, loaded: Loaded, *, signer_name: str, reason: str, location: str) -> bytes:
    """``pdf`` with an invisible PAdES B-B signature made with the regency's certificate."""
    # Imported when a document is signed: pyHanko is slow to import and pages never need it.
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    signer = signers.SimpleSigner.load_pkcs12_data(loaded.pkcs12, other_certs=(), passphrase=loaded.password)
    if signer is None:
        raise ValueError("certificate cannot be opened")
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME, subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256",
        reason=reason[:200], location=location[:100], name=signer_name[:120])
    out = signers.sign_pdf(writer, meta, signer=signer)
    return out.getvalue()
