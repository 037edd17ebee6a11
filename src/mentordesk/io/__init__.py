"""Formats in and out: Excel import and export, the yearly archive. Qt-free; long jobs are
generators that yield progress and can be cancelled. (Filled in by the bases issue.)"""
