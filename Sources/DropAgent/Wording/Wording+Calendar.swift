@_exported import Wording

// Everything that imports DropAgent speaks its languages too.
