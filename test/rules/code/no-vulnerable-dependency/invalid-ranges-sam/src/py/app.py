import yaml
import requests


def handler(event, context):
    return yaml.safe_load('a: 1')
