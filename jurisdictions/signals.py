"""What the geography app tells others: apps that draw boundaries listen, jurisdictions import
none of them."""

from django.dispatch import Signal

# Sent once the boundaries of states or counties were created or changed in the database, after
# the load's transaction is under way (receivers defer what must wait for the commit).
boundaries_changed = Signal()
