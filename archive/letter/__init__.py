"""Reading a letter as a person would: its layout (layout), the text around the body (text), its
date (dates), sender, signatories and addressees (parties, telling names apart in names), title
and kind (title), brought together in meta.extract_metadata."""
