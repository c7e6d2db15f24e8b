"""Reading and writing documents: pure functions over plain data.

The protocol reader, document import, the amendment engine and text normalisation live here. Nothing
in this package imports Django or the apps; the apps call it, it calls none of them.
"""
