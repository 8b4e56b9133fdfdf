"""Read side of the OIC-PESNET labour market dashboard.

Named queries against the warehouse, aggregates, chart builders and exports. Pure Python: only
`lmi.ui` knows Streamlit. Never imports `pipelines`: the warehouse file is the contract.
"""
