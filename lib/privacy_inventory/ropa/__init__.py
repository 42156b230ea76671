"""Record stage: the Art. 30(1) record built from the scan and the declarations (record) and the files a DPO opens (files)."""
