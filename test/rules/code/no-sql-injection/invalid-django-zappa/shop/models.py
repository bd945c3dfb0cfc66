from django.db import models


class Item(models.Model):
    name = models.CharField(max_length=100)
    category = models.CharField(max_length=50)


class Order(models.Model):
    ref = models.CharField(max_length=20)
