"""The floor for page benchmarks: a one-chart Streamlit app (Streamlit's own start-up and one plotly chart)."""

import plotly.graph_objects as go
import streamlit as st

st.title("Floor")
st.plotly_chart(go.Figure(go.Scatter(x=[2019, 2020, 2021, 2022], y=[5.1, 6.7, 6.5, 5.7])))
