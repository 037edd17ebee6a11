"""Cyrillic in a real PDF: the PT fonts are embedded and the text comes back out intact."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from mentordesk.documents.fonts import register_fonts

TEXT = "Благодарность Ёлкиной Алёне Сергеевне — «Лучший наставник» № 7"


def test_cyrillic_pdf_with_embedded_pt_fonts(tmp_path: Path) -> None:
    sans, serif = register_fonts()
    pdf = tmp_path / "грамота.pdf"
    c = canvas.Canvas(str(pdf), pagesize=A4)
    c.setFont(serif + "-Bold", 14)
    c.drawString(60, 760, TEXT)
    c.setFont(sans, 12)
    c.drawString(60, 730, "Директор ____________ И. О. Фамилия")
    c.save()
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    assert b"PTSerif-Bold" in data and b"PTSans" in data  # embedded subsets

    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils is not installed (.ci/run installs it)")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert TEXT in text
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                           check=True).stdout
    assert "PTSerif-Bold" in fonts and "yes" in fonts  # emb column
