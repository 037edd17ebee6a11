"""The pairing view of stage 5: the unassigned mentees, the mentor cards, drag and drop."""

from .view import PairingView

__all__ = ["PairingView"]
