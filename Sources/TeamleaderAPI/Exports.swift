// Documents and listings speak calendar dates and months; their users need not import them apart.
@_exported import DropValues
