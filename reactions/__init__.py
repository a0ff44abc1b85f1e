"""What readers choose on an article: a reaction ("How does this article make you feel?") and their
pick of its entries (the reader's pick), with who they are (the reader cookie) and how often they
may post. Its models began in `articles` and kept their tables when they moved here."""
