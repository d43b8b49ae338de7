// Payment facts carry calendar dates and decimal amounts; their readers need not import them apart.
@_exported import DropValues
