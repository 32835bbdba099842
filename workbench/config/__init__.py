"""study.yml: its schema (:mod:`.schema`, frozen dataclasses) and its parser (:mod:`.parser`).

Every public name stays importable from ``workbench.config``.
"""
from .parser import (TOP_KEYS, load_study_config, load_study_config_leniently, parse_study_config,
                     parse_study_config_leniently)
from .schema import (BACKENDS, BETTER, DEFAULT_SCALES, DEFAULT_SESSION_GAP_MINUTES, LANGUAGE, SCORE_KINDS, SLUG,
                     SURVEY_FORMATS, TARGET_KPIS, BehaviourConfig, InterviewsConfig, Metric, OperationsTable, OpenSpec,
                     Persona, PrivacyConfig, ScoreSpec, Stage, StageTarget, StudyConfig, SurveyConfig, Touchpoint,
                     UsersConfig)

__all__ = ["BACKENDS", "BETTER", "DEFAULT_SCALES", "DEFAULT_SESSION_GAP_MINUTES", "LANGUAGE", "SCORE_KINDS", "SLUG",
           "SURVEY_FORMATS", "TARGET_KPIS", "TOP_KEYS", "BehaviourConfig", "InterviewsConfig", "Metric",
           "OperationsTable", "OpenSpec", "Persona", "PrivacyConfig", "ScoreSpec", "Stage", "StageTarget",
           "StudyConfig", "SurveyConfig", "Touchpoint", "UsersConfig", "load_study_config",
           "load_study_config_leniently", "parse_study_config", "parse_study_config_leniently"]
