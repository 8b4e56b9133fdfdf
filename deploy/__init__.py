"""Running the dashboard on a server: several Streamlit processes behind nginx (deploy/README.md)."""
