"""Drivers of conversion and churn: which per-user experiences go with not converting or leaving.

Public API: :func:`analyse_drivers` (a loaded Study -> :class:`DriversResult` with drivers.csv,
performance, calibration, segments at risk and risk scores), :func:`build_features`,
:func:`model_features`, :func:`risk_table`, :func:`driver_settings` (study.yml's churn: and
privacy: keys). These are associations, not causes.
"""
from .command import main_drivers, run_drivers
from .analysis import DriversResult, analyse_drivers, model_features, pseudonymise, risk_table
from .features import FeatureTable, build_features
from .model import DRIVERS_COLUMNS
from .settings import ChurnSpec, DriverSettings, driver_settings

__all__ = ["analyse_drivers", "DriversResult", "model_features", "risk_table", "pseudonymise", "build_features",
           "FeatureTable", "DRIVERS_COLUMNS", "main_drivers", "run_drivers", "ChurnSpec", "DriverSettings", "driver_settings"]
