// What every user of the agent works with: the file primitives and the words.
@_exported import DropFiles
