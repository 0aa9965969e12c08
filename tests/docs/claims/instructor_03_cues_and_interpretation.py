CLAIMS = {}  # every number of this page is in a doctest
