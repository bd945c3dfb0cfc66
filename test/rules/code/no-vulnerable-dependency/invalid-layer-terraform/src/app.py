import yaml


def handler(event, context):
    return yaml.safe_load(event.get('body') or '')
