import tiny_yaml_demo


def handler(event, context):
    return {'ok': True}
