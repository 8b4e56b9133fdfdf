"""Write side of the OIC-PESNET labour market dashboard.

fetch -> parse -> validate -> load -> transform -> check, into one DuckDB warehouse
(`python -m pipelines build`). Nothing here imports Streamlit or the read side (`lmi`).
"""
