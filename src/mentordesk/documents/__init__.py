"""Printable documents: PDF through reportlab with the PT fonts, DOCX for orders. Qt-free.
(Filled in by the documents issue.)"""
